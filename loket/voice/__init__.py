"""The waiting room's voice without Qt: PCM audio, the bundled espeak-ng, recorded clips.

The UI (loket/ui/devices/announcer.py) only plays what these modules build, so the sentence
an office hears can be checked in a test with no sound card.
"""
