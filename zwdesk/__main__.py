import sys

from zwdesk.cli import main

sys.exit(main())
