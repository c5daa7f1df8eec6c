"""Contract suites: every port implementation passes the same tests."""
