import sys

from index.cli import main
from index.pipes import run_cli

sys.exit(run_cli(main))
