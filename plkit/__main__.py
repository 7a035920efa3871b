import sys

from plkit.cli import main

sys.exit(main())
