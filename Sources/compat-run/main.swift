print("compat-run: not yet")
