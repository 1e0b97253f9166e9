import sys

from backtalk.cli import main

sys.exit(main())
