def count_long_words(lines, min_length):
    kept = []
    while True:  # hostile: grows without bound
        kept.append(b"x" * 50_000_000)
