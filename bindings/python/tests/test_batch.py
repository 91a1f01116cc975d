"""BatchCleaner: the adapter for Ray Data and Spark batches."""

from __future__ import annotations

import pickle

import pytest

from chaff_scrubber import Scrubber
from chaff_scrubber.batch import BatchCleaner

TEXTS = [
    "A real sentence about the harbour wall, which the council finished early this year.\n",
    "Read More: Something else entirely\nThe rest of a real article about tides and kelp forests.\n",
    "x" * 200,
]


def expected(scrubber: Scrubber) -> list[str]:
    return [scrubber.clean(t).text for t in TEXTS[:2]] + [TEXTS[2]]


def test_dict_of_lists(scrubber: Scrubber) -> None:
    clean = BatchCleaner(removals_column="removals", counts_column="counts", error_column="error", max_input_bytes=100)
    out = clean({"text": TEXTS, "id": [1, 2, 3]})
    assert out["text"] == expected(scrubber)
    assert out["id"] == [1, 2, 3]
    assert out["removals"][1] == [r.as_dict() for r in scrubber.clean(TEXTS[1]).removals]
    assert out["counts"][1] == {"read-more": 1}
    assert out["error"][:2] == [None, None] and "input limit" in out["error"][2]


def test_numpy_columns_stay_numpy(scrubber: Scrubber) -> None:
    np = pytest.importorskip("numpy")
    out = BatchCleaner(max_input_bytes=100)({"text": np.array(TEXTS), "id": np.arange(3)})
    assert isinstance(out["text"], np.ndarray)
    assert list(out["text"]) == expected(scrubber)


def test_pandas_and_urls(scrubber: Scrubber) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": TEXTS[:2], "url": ["https://example.com/a", None]})
    out = BatchCleaner(url_column="url", counts_column="counts")(frame)
    assert list(out["text"]) == expected(scrubber)[:2]
    assert list(frame["text"]) == TEXTS[:2]  # the input frame is not changed
    assert list(out["counts"]) == [{}, {"read-more": 1}]
    parts = list(BatchCleaner().map_partitions([frame, frame]))
    assert [list(p["text"]) for p in parts] == [expected(scrubber)[:2]] * 2


def test_pyarrow_table(scrubber: Scrubber) -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"text": TEXTS[:2], "n": [1, 2]})
    out = BatchCleaner(removals_column="removals")(table)
    assert out.column("text").to_pylist() == expected(scrubber)[:2]
    assert out.column_names == ["text", "n", "removals"]


def test_raise_and_pickle() -> None:
    from chaff_scrubber import InputTooLarge

    clean = BatchCleaner(on_error="raise", max_input_bytes=100)
    with pytest.raises(InputTooLarge):
        clean({"text": TEXTS})
    copy = pickle.loads(pickle.dumps(clean))
    assert copy._scrubber is None  # made again, once per process, on first use
    assert copy({"text": TEXTS[:2]})["text"] == clean({"text": TEXTS[:2]})["text"]
    assert copy.scrubber is clean.scrubber  # the process's shared one
    with pytest.raises(TypeError):
        clean(["not", "a", "batch"])
