"""The Slack channel: `channels.slack.connector.SencoSlackInput` (see README, "Slack")."""
