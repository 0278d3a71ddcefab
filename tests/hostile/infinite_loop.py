"""Appended to the reference module: this definition replaces the correct one."""

def total_population(cities):
    total = 0
    while True:  # hostile: never returns
        total += 0
