"""Bind every .feature file under features/ (scenarios in Chinese, one folder per family)."""
from pytest_bdd import scenarios

scenarios(".")
