"""回访 / 满意度测评 register: validation in Chinese, nothing written on bad input, deletion."""

from __future__ import annotations

import pytest

from desktop.core.errors import ValidationError
from desktop.core.services.registry import units
from desktop.core.services.stats import surveys
from tests.conftest import db_snapshot


def test_bad_input_is_refused_and_writes_nothing(ctx, site_dir):
    v = units.create(ctx, {"name": "青石村", "type": "行政村"})
    before = db_snapshot(site_dir / "qingfeng.db")
    for values, field in (({"unit_id": v["id"], "survey_date": "2026-12-01", "respondents": 5, "satisfied": 5},
                           "survey_date"),                                   # after today (2026-11-24)
                          ({"unit_id": v["id"], "survey_date": "2026-11-01", "respondents": 0, "satisfied": 0},
                           "respondents"),
                          ({"unit_id": v["id"], "survey_date": "2026-11-01", "respondents": "十", "satisfied": 1},
                           "respondents"),
                          ({"unit_id": v["id"], "survey_date": "2026-11-01", "respondents": 5, "satisfied": 6},
                           "satisfied"),
                          ({"unit_id": "nope", "survey_date": "2026-11-01", "respondents": 5, "satisfied": 5},
                           "unit_id"),
                          ({"unit_id": v["id"], "survey_date": "2026/11/01x", "respondents": 5, "satisfied": 5},
                           "survey_date"),
                          ({"unit_id": v["id"], "kind": "打分", "survey_date": "2026-11-01", "respondents": 5,
                            "satisfied": 5}, "kind")):
        with pytest.raises(ValidationError) as exc:
            surveys.add(ctx, values)
        assert exc.value.field == field and exc.value.message
    assert db_snapshot(site_dir / "qingfeng.db") == before
    s = surveys.add(ctx, {"unit_id": v["id"], "survey_date": "2026-11-01", "respondents": 8, "satisfied": 7})
    assert (s.unit_name, s.rate) == ("青石村", 87.5)
    assert [x.id for x in surveys.list_surveys(ctx, start="2026-11-01", end="2026-11-30")] == [s.id]
    surveys.delete(ctx, s.id)
    assert surveys.list_surveys(ctx) == []
