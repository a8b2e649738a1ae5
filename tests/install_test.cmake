# Placeholder: the install + consumer-project test is added here.
