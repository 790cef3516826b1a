#!/usr/bin/env python
"""Django's command-line utility; the same as the installed ``sakip`` command."""

from sakip.cli import main

if __name__ == "__main__":
    main()
