// What the other packages use of kafkajs, so that only this lib imports it. `Kafka` is a type
// here: clients come from createKafkaClient.
export type {
  Admin,
  Consumer,
  ConsumerConfig,
  EachBatchPayload,
  IHeaders,
  Kafka,
  KafkaMessage,
  Message,
  Producer,
  ProducerRecord,
} from 'kafkajs';
export { ConfigResourceTypes, logLevel, Partitioners } from 'kafkajs';
