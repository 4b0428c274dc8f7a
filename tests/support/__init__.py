"""What the tests of every layer share: builders of issues and files, hand-made Word documents,
a fake reader, and where the test data lives."""
