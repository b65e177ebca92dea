"""Continuous delivery: the pipeline that tests, deploys dev, smoke-tests it and promotes to prod."""
