"""Qt parts the kiosk and the admin app share: task runner, translator, signature pad, style."""
