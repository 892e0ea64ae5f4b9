"""Qt item models over the queue, tested without any window."""
