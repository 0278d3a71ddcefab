def apply_to(func, data):
    return func(data)
