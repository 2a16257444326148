"""The camera posture check: landmarks in, a verdict per frame and a correction in plain words out.

Pure Python: a pose model (`spinecoach.vision`) supplies the landmarks; nothing here sees a picture.
"""
