"""Discussion: prompts that rotate without repeats, the weekly prompt, the "I've seen it" role."""
