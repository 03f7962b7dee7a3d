"""The batch page on the local process pool (no Redis): upload, background reviews, progress
from the database, summary download, cancel, limits; and the idempotent task itself."""
from __future__ import annotations

import io
import json
import zipfile

from checker.store import batches, count_reviews
from tests.web.web_support import SAMPLE, csrf_of, login
from tests.web.web_support import wait_for_batch as _wait


def _upload(client, files, **fields):
    token = csrf_of(client.get("/batches"))
    return client.post("/batches", data={"csrf_token": token, "files": files, **fields},
                       content_type="multipart/form-data")


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def test_batch_of_files_reviews_each_in_the_background(logged_in, engine):
    bad = json.loads(json.dumps(SAMPLE))
    bad["project"]["investment"] = -1
    files = [(io.BytesIO(_json(SAMPLE)), "a.json"), (io.BytesIO(_json(bad)), "b.json"),
             (io.BytesIO(_json(SAMPLE)), "c.json")]
    response = _upload(logged_in, files, as_of="2026-03-01")
    assert response.status_code == 303, response.get_data(as_text=True)
    batch_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    data = _wait(logged_in, batch_id)
    assert data["state"] == "done" and data["finished"] == 3
    assert data["counts"] == {"done": 2, "error": 1}
    rows = {r["file"]: r for r in data["rows"]}
    assert rows["b.json"]["field"] == "project.investment"
    assert rows["a.json"]["project"] == "测试数据中心" and rows["a.json"]["review_url"]
    assert count_reviews(engine) == 2
    assert batches.review_count_for_batch(engine, batch_id) == 2
    page = logged_in.get(f"/batches/{batch_id}").get_data(as_text=True)  # same state on reload
    assert "已完成" in page and "project.investment" in page and "测试数据中心" in page
    assert "<script>" not in page and 'src="/static/batch.js"' in page
    csv_text = logged_in.get(f"/batches/{batch_id}/summary.csv").get_data().decode("utf-8-sig")
    assert csv_text.count("\n") == 4 and "无法审查" in csv_text
    review_page = logged_in.get(rows["a.json"]["review_url"])
    assert review_page.status_code == 200


def test_zip_with_path_traversal_or_bomb_is_refused_whole(logged_in, engine):
    for members, message in [({"../x.json": _json(SAMPLE)}, "路径穿越"),
                             ({"x.json": b" " * (20 * 1024 * 1024)}, "压缩炸弹")]:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        buffer.seek(0)
        response = _upload(logged_in, [(buffer, "apps.zip")])
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert count_reviews(engine) == 0


def test_upload_larger_than_one_application_is_accepted_up_to_the_batch_limit(logged_in):
    """The app's request limit is one application (2 MB); the batch page has its own."""
    files = [(io.BytesIO(_json(SAMPLE) + b" " * (1024 * 1024)), f"{i}.json") for i in range(3)]
    response = _upload(logged_in, files)
    assert response.status_code == 303
    _wait(logged_in, int(response.headers["Location"].split("/")[-1]))


def test_page_states_the_limits(logged_in):
    page = logged_in.get("/batches").get_data(as_text=True)
    assert "每批不超过 5000 个文件" in page and "50 MB" in page and "2 MB" in page


def test_cancel_leaves_pending_applications_unreviewed(logged_in, app, engine):
    user = 1
    batch_id, item_ids = batches.create_batch(
        engine, user, __import__("datetime").date(2026, 3, 1),
        [(f"{i}.json", json.dumps(SAMPLE), None) for i in range(5)])
    token = csrf_of(logged_in.get(f"/batches/{batch_id}"))
    response = logged_in.post(f"/batches/{batch_id}/cancel", data={"csrf_token": token})
    assert response.status_code == 303
    from web import jobs

    with app.app_context():
        assert jobs.process_item(item_ids[0]) == "skipped"
    data = logged_in.get(f"/batches/{batch_id}/progress.json").get_json()
    assert data["state"] == "cancelled" and data["counts"] == {"cancelled": 5}
    assert count_reviews(engine) == 0


def test_task_run_twice_or_after_a_kill_makes_one_review(app, engine):
    """A task redelivered after its worker was killed between storing the review and
    recording the row finds the review (reviews.batch_item_id is unique)."""
    import datetime as dt

    from web import jobs, service

    batch_id, [first, second] = batches.create_batch(
        engine, 1, dt.date(2026, 3, 1),
        [("a.json", json.dumps(SAMPLE), None), ("b.json", json.dumps(SAMPLE), None)])
    with app.app_context():
        assert jobs.process_item(first) == "done"
        assert jobs.process_item(first) == "skipped"
        # the killed run: the review is stored, the item still pending
        service.create_review(json.loads(json.dumps(SAMPLE)), json.dumps(SAMPLE),
                              dt.date(2026, 3, 1), 1, batch_item_id=second)
        assert jobs.process_item(second) == "done"
    assert count_reviews(engine) == 2
    state = batches.progress(engine, batch_id)
    assert state.counts == {"done": 2} and all(r["review_id"] for r in state.rows)


def test_impact_page_is_for_administrators(client, engine):
    login(client)
    assert client.get("/admin/impact").status_code == 403


def test_impact_page_shows_and_downloads_what_a_candidate_changes(client, app, engine):
    import datetime as dt

    from tests.conftest import minimal_application
    from tests.store.test_change_impact import CANDIDATE
    from web import service

    data = minimal_application(name="小项目")
    with app.app_context():
        service.create_review(data, json.dumps(data, ensure_ascii=False), dt.date(2026, 3, 1), 1)
    login(client, "admin")
    token = csrf_of(client.get("/admin/impact"))
    page = client.post("/admin/impact", content_type="multipart/form-data", data={
        "csrf_token": token, "overrides": (io.BytesIO(CANDIDATE.encode()), "c.yaml")})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "候选规则下结果变化：1" in text and "小项目" in text
    assert "抽样复核 1 份，与 durable-rules 一致" in text  # the run's sample, checked in full
    download = client.post("/admin/impact", content_type="multipart/form-data", data={
        "csrf_token": token, "format": "csv",
        "overrides": (io.BytesIO(CANDIDATE.encode()), "c.yaml")})
    assert "小项目" in download.get_data().decode("utf-8-sig")
    bad = client.post("/admin/impact", content_type="multipart/form-data", data={
        "csrf_token": token, "overrides": (io.BytesIO(b"parameters: [1"), "c.yaml")})
    assert bad.status_code == 400 and "YAML" in bad.get_data(as_text=True)


def test_upload_over_the_batch_limit_names_the_batch_limits(logged_in, monkeypatch):
    from web import batches as page

    monkeypatch.setattr(page, "MAX_UPLOAD_BYTES", 4096)
    response = _upload(logged_in, [(io.BytesIO(b" " * 8192 + _json(SAMPLE)), "a.json")])
    assert response.status_code == 413
    assert "每批不超过 5000 个文件" in response.get_data(as_text=True)


def test_chunk_is_recorded_in_one_go_and_a_rerun_makes_no_second_review(app, engine):
    """A chunk task (web.jobs.process_items) stores its reviews and rows together; run again
    it skips every item; an item whose review a killed run had stored keeps that review."""
    import datetime as dt

    from web import jobs, service

    bad = json.loads(json.dumps(SAMPLE))
    bad["project"]["investment"] = -1
    bodies = [json.dumps(SAMPLE), json.dumps(bad), json.dumps(SAMPLE), json.dumps(SAMPLE)]
    batch_id, ids = batches.create_batch(engine, 1, dt.date(2026, 3, 1),
                                         [(f"{i}.json", b, None) for i, b in enumerate(bodies)])
    with app.app_context():
        # a killed run of the per-item path had stored the last item's review
        record, _ = service.create_review(json.loads(bodies[3]), bodies[3], dt.date(2026, 3, 1),
                                          1, batch_item_id=ids[3])
        assert jobs.process_items(ids) == {"done": 3, "error": 1}
        assert jobs.process_items(ids) == {"skipped": 4}
    assert count_reviews(engine) == 3
    state = batches.progress(engine, batch_id)
    assert state.counts == {"done": 3, "error": 1} and state.state == "done"
    rows = {r["file"]: r for r in state.rows}
    assert rows["1.json"]["field"] == "project.investment" and "review_id" not in rows["1.json"]
    assert rows["3.json"]["review_id"] == record.id
    assert len({rows[f"{i}.json"]["review_id"] for i in (0, 2, 3)}) == 3
    assert all(batches.get_item(engine, i).attempts == 1 for i in ids)
    assert state.batch.first_result_at is not None and state.batch.finished_at is not None


def test_chunk_of_a_cancelled_batch_reviews_nothing(app, engine):
    import datetime as dt

    from web import jobs

    batch_id, ids = batches.create_batch(engine, 1, dt.date(2026, 3, 1),
                                         [(f"{i}.json", json.dumps(SAMPLE), None)
                                          for i in range(3)])
    with app.app_context():
        assert jobs.process_items(ids[:1]) == {"done": 1}
        batches.cancel_batch(engine, batch_id)
        assert jobs.process_items(ids) == {"skipped": 3}
    assert count_reviews(engine) == 1
    assert batches.progress(engine, batch_id).counts == {"done": 1, "cancelled": 2}


def test_chunks_start_small_so_the_first_results_come_at_once():
    from web import jobs

    chunks = jobs.plan(list(range(100)), 25)
    assert [len(c) for c in chunks] == [1, 2, 4, 8, 16, 25, 25, 19]
    assert [i for c in chunks for i in c] == list(range(100))
    assert jobs.plan([], 25) == []


def test_chunk_racing_another_run_falls_back_item_by_item(app, engine, monkeypatch):
    """Another run stores an item's review after this chunk looked (reviews.batch_item_id
    unique): the chunk's transaction stores nothing, each item is then done on its own."""
    import datetime as dt

    from web import jobs, service

    batch_id, ids = batches.create_batch(engine, 1, dt.date(2026, 3, 1),
                                         [(f"{i}.json", json.dumps(SAMPLE), None)
                                          for i in range(3)])
    with app.app_context():
        service.create_review(json.loads(json.dumps(SAMPLE)), json.dumps(SAMPLE),
                              dt.date(2026, 3, 1), 1, batch_item_id=ids[1])
        monkeypatch.setattr(batches, "reviews_for_items", lambda engine, ids: set())
        assert jobs.process_items(ids) == {"done": 3}
    assert count_reviews(engine) == 3
    assert batches.progress(engine, batch_id).counts == {"done": 3}


def test_results_of_items_cancelled_meanwhile_are_not_stored(app, engine):
    import datetime as dt

    from web import jobs, service

    batch_id, ids = batches.create_batch(engine, 1, dt.date(2026, 3, 1),
                                         [(f"{i}.json", json.dumps(SAMPLE), None)
                                          for i in range(2)])
    with app.app_context():
        batch = batches.get_batch(engine, batch_id)
        book = app.extensions["rulebook"].in_force()
        results = [jobs._fresh(service, item, batch, book)
                   for item in batches.pending_of(engine, ids)]
        batches.cancel_batch(engine, batch_id)  # while the chunk was reviewing
        assert batches.store_results(engine, batch_id, 1, results) == {}
    assert count_reviews(engine) == 0
    assert batches.progress(engine, batch_id).counts == {"cancelled": 2}
