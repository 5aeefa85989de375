"""Eligibility text -> ordered, typed criteria (split, then understand)."""


def parser_is_compiled() -> bool:
    """Whether this install's parser was compiled with mypyc (a TRIAL_FINDER_MYPYC=1 build; see setup.py)."""
    from importlib.machinery import ExtensionFileLoader

    from finder.criteria import understand

    return isinstance(understand.__loader__, ExtensionFileLoader)
