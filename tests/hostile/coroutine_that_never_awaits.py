"""Appended to the reference module: this definition replaces the correct one."""

async def lazy_map(func, items):  # hostile: a coroutine where an iterator is asked for
    return [func(item) for item in items]
