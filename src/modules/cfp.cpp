// Placeholder: the implementation lands with its transform.
