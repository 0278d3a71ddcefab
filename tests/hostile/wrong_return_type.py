"""Appended to the reference module: this definition replaces the correct one."""

def lower_names(names):
    return tuple(map(str.lower, names))  # hostile: a tuple, not a list
