"""The opinion's （三）能效指标与对全区节能目标的影响 in the real PDF (WeasyPrint, read back with
pypdf): indicators, and which district figure is missing while the figures are unset."""
from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from checker import intake
from checker.opinion import render_pdf, render_working_paper_pdf
from checker.review import review
from tests.conftest import SAMPLES, load_json


def test_pdf_section_names_indicators_and_missing_figures():
    result = review(intake.validate(load_json(SAMPLES / "food_factory.json")),
                    dt.date(2026, 1, 15))
    data = render_pdf(result)
    text = _text(data)
    assert "（三）能效指标与影响。" in text
    assert "单位增加值能耗0.1031吨标准煤/万元" in text  # 1,648.86 tce ÷ 16,000 万元
    # what is not computed (a district figure unset) is the working paper's, not the body's
    assert "未计算（缺少" not in text
    assert ("影响指数m、n未计算（缺少规划期全区能源消费增量控制额度（等价值）（十五五）、"
            "全区基年能源消费总量（a，等价值）、全区基年地区生产总值（b））") in _text(
        render_working_paper_pdf(result))


def _text(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
