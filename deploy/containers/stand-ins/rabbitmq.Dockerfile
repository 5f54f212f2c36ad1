# Stand-in for rabbitmq:3-management: Debian's rabbitmq-server with the management plugin, set up
# like the official image (guest may connect from other hosts, logs on stdout, data in a volume).
FROM local/debian:bookworm
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rabbitmq-server >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && rabbitmq-plugins enable --offline rabbitmq_management >/dev/null \
 && printf 'loopback_users = none\nlisteners.tcp.default = 5672\nmanagement.tcp.port = 15672\n' > /etc/rabbitmq/rabbitmq.conf
ENV RABBITMQ_LOGS=- RABBITMQ_MNESIA_BASE=/var/lib/rabbitmq/mnesia
VOLUME /var/lib/rabbitmq
EXPOSE 5672 15672
CMD ["rabbitmq-server"]
