from tests.views.conftest import archive, plain_static_files  # noqa: F401  (the same fixtures)
