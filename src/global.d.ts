/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

declare const CLOUD_ENV: string;
declare const IS_PROD_BUILD: boolean;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5';
  }
}
