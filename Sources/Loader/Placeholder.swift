// Loader: ELF validation, mapping, initial stack.
