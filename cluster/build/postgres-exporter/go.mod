// postgres_exporter at the version its image in dist/ names.
module platform-synth/cluster/build/postgres-exporter

go 1.24.0

require github.com/prometheus-community/postgres_exporter v0.16.0 // indirect
