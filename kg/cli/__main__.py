"""``python -m kg.cli``: the same as the ``kg`` command."""

from kg.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
