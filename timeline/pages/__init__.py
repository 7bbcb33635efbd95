"""Dash pages: layouts built by plain functions, callbacks as thin adapters."""
