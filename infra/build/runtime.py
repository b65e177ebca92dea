"""The one Lambda runtime: the functions run it and the layer is built for it."""

PYTHON_VERSION = "3.14"  # the latest Lambda runtime; the code itself also runs on 3.11 locally
RUNTIME_NAME = f"python{PYTHON_VERSION}"
WHEEL_PLATFORM = "manylinux2014_aarch64"  # arm64 (Graviton): cheaper per GB-second than x86
