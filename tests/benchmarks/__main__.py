"""python -m tests.benchmarks [group ...]"""

import sys

from tests.benchmarks.run import main

sys.exit(main(sys.argv[1:]))
