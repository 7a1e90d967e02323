// NACK's JetStream controller at the version the README supports.
module platform-synth/cluster/build/nack

go 1.25.0

require github.com/nats-io/nack v0.22.4 // indirect
