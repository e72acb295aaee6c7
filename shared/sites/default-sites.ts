// The demo registry: real hubs named in the domain brief, covering all four regions.
import type { SiteInput } from './registry';

export const defaultSites: SiteInput[] = [
  {
    id: 'hgh-xiasha',
    name: 'Hangzhou Xiasha Cross-border Park',
    name_zh: '杭州下沙跨境电商园',
    province: 'Zhejiang',
  },
  { id: 'yiwu-customs', name: 'Yiwu Customs Smart Gate', name_zh: '义乌海关无感卡口', province: 'Zhejiang' },
  {
    id: 'can-baiyun',
    name: 'Guangzhou Baiyun Air Cargo',
    name_zh: '广州白云机场货站',
    province: 'Guangdong',
    airport: 'CAN',
  },
  {
    id: 'xmn-gaoqi',
    name: 'Xiamen Gaoqi Air Cargo',
    name_zh: '厦门高崎机场货站',
    province: 'Fujian',
    airport: 'XMN',
  },
  {
    id: 'wuh-tianhe',
    name: 'Wuhan Tianhe Logistics Hub',
    name_zh: '武汉天河物流枢纽',
    province: 'Hubei',
    airport: 'WUH',
  },
  {
    id: 'ctu-shuangliu',
    name: 'Chengdu Shuangliu Bonded Zone',
    name_zh: '成都双流综保区',
    province: 'Sichuan',
    airport: 'CTU',
  },
  {
    id: 'hrb-harbin',
    name: 'Harbin Northeast Logistics Park',
    name_zh: '哈尔滨东北物流园',
    province: 'Heilongjiang',
  },
];
