"""One screen per question topic, the summary of answers, and the flow that asks them in order."""
