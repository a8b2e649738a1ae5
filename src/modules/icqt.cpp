// placeholder: CQT implementation in progress
