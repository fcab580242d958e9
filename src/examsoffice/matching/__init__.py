"""Record linkage for the learner register: normalise, block, score, decide."""
