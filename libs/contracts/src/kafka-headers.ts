/**
 * Kafka record headers as a client hands them over: text or bytes, a repeated name as an array.
 * The shape of kafkajs's IHeaders, declared here so that the contracts need no Kafka client.
 */
export interface KafkaHeaders {
  [name: string]: Buffer | string | (Buffer | string)[] | undefined;
}
