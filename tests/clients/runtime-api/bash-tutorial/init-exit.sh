# Initialization that fails by exiting before the first /next.
echo "cannot initialize: missing configuration" 1>&2
exit 2
