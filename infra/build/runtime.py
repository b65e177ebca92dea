"""The one Lambda runtime: the functions run it and the layer is built for it."""

PYTHON_VERSION = "3.14"  # the latest Lambda runtime; the code itself also runs on 3.11 locally
RUNTIME_NAME = f"python{PYTHON_VERSION}"
# arm64 (Graviton, cheaper per GB-second than x86). The runtime's Amazon Linux 2023 has glibc 2.34, so wheels
# tagged up to manylinux_2_34 run there (numpy, for one, ships its arm64 wheels as manylinux_2_28 only).
WHEEL_PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_28_aarch64", "manylinux_2_34_aarch64")
