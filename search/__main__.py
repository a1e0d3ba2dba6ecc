import sys

from index.pipes import run_cli
from search.cli import main

sys.exit(run_cli(main))
