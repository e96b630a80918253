"""kg: turn writing about creative work into a knowledge graph people can trust.

The public API is the pipeline: :func:`kg.pipeline.build` and friends. Nothing heavy is imported here.
"""

__version__ = "0.1.0"
