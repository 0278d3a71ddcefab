from higher_order import apply_to, compose


def test_apply_to_calls_the_function_it_is_given():
    got = (apply_to(sum, [1, 2, 3]), apply_to(len, [1, 2, 3]))
    assert got == (6, 3), (
        f"apply_to(sum, [1, 2, 3]) and apply_to(len, [1, 2, 3]) gave {got}; expected (6, 3). "
        "apply_to should just call the function it receives on the data."
    )


def add_one(x: int) -> int:
    return x + 1


def double(x: int) -> int:
    return x * 2


def test_compose_applies_right_to_left():
    got = compose(add_one, double)(5)
    assert got == 11, (
        f"compose(add_one, double)(5) gave {got}; expected add_one(double(5)) == 11. "
        "The last function is applied first, like f(g(x))."
    )
    assert compose()(7) == 7, "compose() with no functions should return its input unchanged."
    assert compose(str, add_one, double)(1) == "3", "compose must accept any number of functions."
