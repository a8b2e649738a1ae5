// Placeholder: filled in by the test work for this category.
