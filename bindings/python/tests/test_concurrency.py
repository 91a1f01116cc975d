"""Threads, the GIL, fork, and processes."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import pickle
import threading
import time

import pytest

import chaff_scrubber
from chaff_scrubber import DeadlineExceeded, Scrubber
from conftest import fixture_files


def documents() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in fixture_files()]
    # Vary them so a mix-up between threads would show.
    return [f"Paragraph {i} of a real article about harbour walls, kelp and tides.\n{t}" for i, t in enumerate(texts * 20)]


def test_many_threads_give_the_single_thread_results(scrubber: Scrubber) -> None:
    docs = documents()
    expected = [scrubber.clean(d) for d in docs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        singles = list(pool.map(scrubber.clean, docs))
        batches = list(pool.map(lambda i: scrubber.clean_batch(docs[i : i + 7]), range(0, len(docs), 7)))
    assert singles == expected
    assert [o for batch in batches for o in batch] == expected


def test_a_large_batch_spread_over_threads_equals_one_call_per_document() -> None:
    # Over 256 KB a thread: this batch (about 3 MB) is cut into runs cleaned
    # at once on up to `concurrency` threads; results come back in order,
    # failures carry their index in the whole batch, and one thread gives
    # the same.
    docs = documents() * 8
    docs[len(docs) - 3] = "x" * 300_000
    urls = [f"https://site{i % 5}.example/{i}" if i % 3 else None for i in range(len(docs))]
    assert sum(len(d) for d in docs) > 2_000_000
    limits = {"max_input_bytes": 200_000}
    spread = Scrubber(concurrency=4, **limits)
    one = Scrubber(concurrency=1, **limits)
    got = spread.clean_batch(docs, urls=urls, on_error="keep")
    expected = [one.clean(d, url=u) if len(d) < 200_000 else None for d, u in zip(docs, urls)]
    assert got[:-3] == expected[:-3] and got[-2:] == expected[-2:]
    assert not got[-3].ok and got[-3].error.document == len(docs) - 3
    alone = one.clean_batch(docs, urls=urls, on_error="keep")
    assert alone[:-3] == got[:-3] and alone[-2:] == got[-2:]
    assert str(alone[-3].error) == str(got[-3].error)
    with pytest.raises(chaff_scrubber.InputTooLarge) as refused:
        spread.clean_batch(docs)
    assert refused.value.document == len(docs) - 3


def test_threads_share_one_scrubber_per_configuration() -> None:
    got: list[Scrubber] = []
    threads = [threading.Thread(target=lambda: got.append(chaff_scrubber.shared(profile="page"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 4 and all(s is got[0] for s in got)
    assert chaff_scrubber.shared(profile="page") is got[0]
    assert chaff_scrubber.shared() is not got[0]


def test_the_gil_is_released_while_cleaning(scrubber: Scrubber, big_document: str) -> None:
    count = 0
    stop = False

    def spin() -> None:
        nonlocal count
        while not stop:
            count += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        time.sleep(0.05)
        before = count
        started = time.perf_counter()
        scrubber.clean(big_document)
        elapsed = time.perf_counter() - started
        during = count - before
    finally:
        stop = True
        spinner.join()
    # Holding the GIL, the spinner would not have moved at all (it gets no
    # switch interval while native code runs); released, it counts freely.
    assert elapsed > 0.05
    assert during > 10_000, (during, elapsed)


def test_pickle_round_trip(article: str) -> None:
    rules = "version = 1\nextends = \"builtin\"\ndisable = [\"ui.lone-words\"]\n"
    for original in [
        Scrubber(),
        Scrubber(profile="page", deadline=2.5, max_input_bytes=1 << 20),
        Scrubber(rules, memory_bytes=256 << 20, concurrency=3),
    ]:
        copy = pickle.loads(pickle.dumps(original))
        assert copy is not original
        assert copy.rule_text == original.rule_text
        assert copy.rules() == original.rules()
        assert copy.limits == original.limits
        assert copy.profile == original.profile
        assert copy.clean(article) == original.clean(article)
    outcome = Scrubber().clean(article)
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    removal = outcome.removals[0]
    assert pickle.loads(pickle.dumps(removal)) == removal
    assert hash(pickle.loads(pickle.dumps(removal))) == hash(removal)
    info = Scrubber().rules()[0]
    assert pickle.loads(pickle.dumps(info)) == info


def test_copy_is_the_same_scrubber(scrubber: Scrubber) -> None:
    import copy

    assert copy.copy(scrubber) is scrubber
    assert copy.deepcopy({"s": scrubber})["s"] is scrubber


def _clean_in_worker(args: tuple[Scrubber, str]) -> chaff_scrubber.Outcome:
    scrubber, text = args
    return scrubber.clean(text)


def test_a_pickled_scrubber_cleans_in_other_processes(article: str) -> None:
    scrubber = Scrubber(profile="page")
    docs = [article, article.upper(), article[: len(article) // 2]]
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=ctx) as pool:
        results = list(pool.map(_clean_in_worker, [(scrubber, d) for d in docs]))
    assert results == [scrubber.clean(d) for d in docs]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_its_own_engine(big_document: str) -> None:
    # The parent's engine ticks its deadlines from a thread, which a forked
    # child does not inherit: the child must build its own, or a deadline
    # would never fire there.
    scrubber = Scrubber(deadline=0.3)
    assert scrubber.clean("Read More: Something else entirely\n").text == ""
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            if scrubber.clean("Read More: Something else entirely\n").text == "":
                try:
                    scrubber.clean(big_document)
                    code = 2  # no deadline in the child
                except DeadlineExceeded:
                    code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent's scrubber is untouched.
    assert scrubber.clean("Read More: Something else entirely\n").text == ""


_module_scrubber: Scrubber | None = None


def _clean_with_inherited(text: str) -> str:
    assert _module_scrubber is not None
    return _module_scrubber.clean(text).text


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_fork_pool_uses_an_inherited_scrubber(article: str) -> None:
    global _module_scrubber
    _module_scrubber = Scrubber()
    expected = _module_scrubber.clean(article).text
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_clean_with_inherited, [article] * 4) == [expected] * 4
