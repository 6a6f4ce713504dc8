# Conditions, articles, stories and the newsletter arrive with the content issue.
