"""Settings modules: ``base`` (every environment, read from environment variables) and
``test`` (the test suite's adjustments on top of ``base``)."""
