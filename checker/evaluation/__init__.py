"""Evaluating the rulebook's conditions: the condition language (``conditions``), the plan of a
rulebook for one review date (``compiler``), the durable-rules adapter that is the engine of
record (``engine``), the reference walker and the compiled evaluator differentially tested
against it (``reference``, ``compiled``), and the explanation of why a condition held
(``explain``)."""
