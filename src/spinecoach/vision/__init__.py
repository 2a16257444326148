"""The pose-model adapter (optional extra `spinecoach[vision]`): pictures in, landmarks out.

Nothing here stores a frame: pictures are decoded, handed to the model and dropped.
"""
