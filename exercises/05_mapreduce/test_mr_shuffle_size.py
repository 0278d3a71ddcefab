from mr_shuffle_size import add_values, combiner_saving, shuffle_bytes, word_pairs


def test_shuffle_bytes_counts_only_map_files(tmp_path):
    (tmp_path / "map-0-0.jsonl").write_text("0123456789")
    (tmp_path / "map-1-0.jsonl").write_text("01234")
    (tmp_path / "reduce-0.jsonl").write_text("x" * 100)
    (tmp_path / "notes.txt").write_text("y" * 50)
    got = shuffle_bytes(tmp_path)
    assert got == 15, (
        f"shuffle_bytes gave {got}; expected 15: only the intermediate map-*-*.jsonl files "
        "(10 + 5 bytes) are shuffle data, not the reduce outputs or other files."
    )
    assert list(word_pairs("doc", "a b a")) == [("a", 1), ("b", 1), ("a", 1)], (
        "word_pairs('doc', 'a b a') should give [('a', 1), ('b', 1), ('a', 1)]."
    )
    assert add_values("a", [1, 2, 3]) == 6, "add_values('a', [1, 2, 3]) should be 6."


def test_combiner_shrinks_the_shuffle(corpus, tmp_path):
    inputs = corpus[:4]
    without, with_combiner = combiner_saving(inputs, tmp_path)
    words = sum(len(p.read_text().split()) for p in inputs)
    assert without >= 8 * words, (
        f"without a combiner the shuffle held {without} bytes for {words} words; every "
        "(word, 1) pair should be on disk (at least 8 bytes each as a JSON line)."
    )
    assert with_combiner * 3 < without, (
        f"with the combiner the shuffle held {with_combiner} bytes, without it {without}: "
        "expected at least a 3x saving on this Zipf-like corpus. Pass the combiner to "
        "run_job so each map task adds up its own counts before writing them."
    )
    assert shuffle_bytes(tmp_path / "combined") == with_combiner, (
        "combiner_saving should run the combined job in workdir/combined and measure it there."
    )
