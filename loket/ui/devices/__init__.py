"""The Qt side of the devices: ticket and report printing, the announcer's voice and the
probe of the OS's speech engines."""
